# Image of the CIGEM portal: the same image runs web (gunicorn), worker and beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    STATIC_ROOT=/app/staticfiles \
    MEDIA_ROOT=/app/var/media \
    CIGEM_VAR_DIR=/app/var

RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt

COPY . .
# Translations and static files are built into the image; SECRET_KEY here only lets settings load.
RUN SECRET_KEY=build-only python manage.py compilemessages --ignore ".venv/*" \
    && SECRET_KEY=build-only python manage.py collectstatic --noinput -v0

RUN useradd --system --uid 1000 --home /app cigem && mkdir -p /app/var/media && chown -R cigem /app/var
USER cigem

EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --retries=3 \
    CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status != 200)"
CMD ["gunicorn", "cigem.wsgi", "--config", "python:cigem.gunicorn_conf", "--bind", "0.0.0.0:8000", "--workers", "3", "--threads", "2", "--timeout", "60"]
