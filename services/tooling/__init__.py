"""Developer and batch tools behind the ``eventx`` command: offline extraction and
scoring, publishing files, waiting for catch-up, benchmarks, training, schema generation.

They sit apart from the service packages so that no service imports them.
"""
