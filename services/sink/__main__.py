"""``python -m services.sink``: run the sink with settings from ``EVENTX_*``."""

from services.sink.app import main

if __name__ == "__main__":
    main()
