# Seedbed service image, built from the package itself: the builder stage makes the wheel, the
# runtime stage installs that wheel (not editable) into a venv, with no source tree in the
# image; migrations run once at start, then uvicorn (httptools + uvloop).
# `make docker-smoke` builds and runs it (README, "Docker"). PYTHON_IMAGE picks another base
# (a mirror of python:3.11-slim, say).
ARG PYTHON_IMAGE=python:3.11-slim

FROM ${PYTHON_IMAGE} AS builder
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
# .dockerignore keeps the venv, databases, caches, tests and artefacts out of the context.
COPY . .
RUN python -m pip wheel --no-deps -w /dist . \
    && ls -l /dist/seedbed-*.whl

FROM ${PYTHON_IMAGE} AS runtime
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    VIRTUAL_ENV=/opt/seedbed \
    PATH=/opt/seedbed/bin:$PATH \
    SEEDBED_HOST=0.0.0.0 \
    SEEDBED_PORT=8000 \
    SEEDBED_DATABASE_URL=sqlite:////data/seedbed.sqlite3 \
    SEEDBED_SECRET_FILE=/data/secret.key

COPY --from=builder /dist/ /tmp/dist/
COPY docker/projector-healthcheck /usr/local/bin/seedbed-projector-healthcheck
RUN python -m venv /opt/seedbed \
    && /opt/seedbed/bin/pip install /tmp/dist/seedbed-*.whl \
    && rm -rf /tmp/dist \
    && chmod 0755 /usr/local/bin/seedbed-projector-healthcheck \
    && useradd --create-home --uid 10001 seedbed \
    && mkdir -p /data && chown seedbed:seedbed /data \
    && cd / && seedbed --help >/dev/null \
    && python -c "import api.pages.render as r, migrations as m; \
assert (r.HERE / 'templates' / 'base.html').is_file() and (r.STATIC_DIR / 'seedbed.css').is_file(); \
assert (m.HERE / 'env.py').is_file() and any((m.HERE / 'versions').glob('0001_*.py'))"

USER seedbed
WORKDIR /home/seedbed
VOLUME ["/data"]
EXPOSE 8000

# The API's check. The compose file's projector (no HTTP) replaces it with its own.
HEALTHCHECK --interval=15s --timeout=3s --start-period=10s --retries=3 \
    CMD python -c "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/health' % os.environ.get('SEEDBED_PORT', '8000'), timeout=2)"

CMD ["sh", "-c", "seedbed migrate && exec seedbed serve"]
