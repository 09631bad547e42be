"""``python -m eventx.services.sink``: run the sink with settings from ``EVENTX_*``."""

from eventx.services.sink.app import main

if __name__ == "__main__":
    main()
