# Seedbed service image: migrations run once at start, then uvicorn (httptools + uvloop).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    SEEDBED_HOST=0.0.0.0 \
    SEEDBED_PORT=8000 \
    SEEDBED_DATABASE_URL=sqlite:////data/seedbed.sqlite3

RUN useradd --create-home --uid 10001 seedbed && mkdir -p /data /srv/seedbed \
    && chown seedbed:seedbed /data
WORKDIR /srv/seedbed

COPY pyproject.toml README.md alembic.ini ./
COPY domain ./domain
COPY app ./app
COPY projections ./projections
COPY api ./api
COPY migrations ./migrations
RUN pip install --no-cache-dir -e .

USER seedbed
VOLUME ["/data"]
EXPOSE 8000

HEALTHCHECK --interval=15s --timeout=3s --start-period=10s --retries=3 \
    CMD python -c "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/health' % os.environ.get('SEEDBED_PORT', '8000'), timeout=2)"

CMD ["sh", "-c", "seedbed migrate && exec seedbed serve"]
