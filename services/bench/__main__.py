import sys

from services.bench import main

sys.exit(main())
