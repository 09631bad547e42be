"""Small code shared by the eventx services: settings, logging, metrics, broker."""
