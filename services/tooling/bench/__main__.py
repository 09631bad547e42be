import sys

from eventx.services.tooling.bench import main

sys.exit(main())
