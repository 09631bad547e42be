"""The extractor service: articles.raw -> events.<type>, with a pure extraction core."""
