# The two commands that matter: `make run` and `make test`. Everything they need is installed on first use.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
# Installs exactly what requirements/dev.lock pins, hashes checked; `make lock` regenerates the locks.
LOCK := requirements/dev.lock
STAMP := $(VENV)/.installed-$(shell cat $(LOCK) | cksum | cut -d' ' -f1)
PIP_COMPILE := $(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	--no-emit-index-url --no-emit-find-links $(if $(UPGRADE),--upgrade)

# Production-like variables for `check --deploy` in `make lint` (the README lists the real ones).
DEPLOY_ENV := DJANGO_DEBUG=0 DJANGO_HTTPS=1 DJANGO_ALLOWED_HOSTS=lle.example.gov.cn \
	DJANGO_SECRET_KEY=lint-only-4f8a1c9e7b2d6f3a0e5c8b1d4f7a2c9e6b3d0f5a8c1e4b7d2f9a6c3e0b5d8f1a \
	DATABASE_URL=postgres://lint@127.0.0.1:5432/lint REDIS_URL=redis://127.0.0.1:6379/0 EMAIL_HOST=smtp.example.gov.cn

.PHONY: install lock run test smoke lint worker beat messages bench clean

install: $(STAMP)

$(STAMP): $(LOCK)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes -r $(LOCK)
	rm -f $(VENV)/.installed-*
	touch $@

# After changing pyproject.toml's dependencies (keeps every other pin); `make lock UPGRADE=1` moves every
# pin to the newest release allowed. Production installs requirements/prod.lock (no dev tools).
lock: install
	$(PIP_COMPILE) --extra dev -o requirements/dev.lock pyproject.toml
	$(PIP_COMPILE) -o requirements/prod.lock pyproject.toml
	$(MAKE) install

run: install
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(BIN)/python manage.py migrate --noinput
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(BIN)/python manage.py load_demo
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# In parallel, one worker per core (pytest-xdist); tests that must share a worker say so with xdist_group.
test: install
	$(BIN)/python -m pytest -n auto --dist loadgroup $(PYTEST_ARGS)

# The production stack from the Procfile against PostgreSQL and Redis (DATABASE_URL, REDIS_URL): deploy/smoke_test.py.
smoke: install
	$(BIN)/python -m pytest deploy/smoke_test.py -p no:cacheprovider

# ruff, mypy over the write path (pyproject's [tool.mypy] files), migrations in step, check --deploy.
# The same checks run before each commit once `$(BIN)/pre-commit install` has been run in a checkout.
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DJANGO_DEBUG=1 $(BIN)/mypy
	DJANGO_DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run
	$(DEPLOY_ENV) $(BIN)/python manage.py check --deploy --fail-level WARNING

worker: install
	$(BIN)/celery -A fuzhou_lle worker --loglevel=INFO

beat: install
	$(BIN)/celery -A fuzhou_lle beat --loglevel=INFO

# Measure the portal at city scale on PostgreSQL (needs PostgreSQL, Redis and Debian's wrk); see bench/run.py.
bench: install
	$(BIN)/python bench/run.py

# Regenerate the English catalogue after changing user-facing strings (needs gettext).
messages: install
	DJANGO_DEBUG=1 $(BIN)/python manage.py makemessages -l en --ignore=.venv --ignore=staticfiles --ignore=static/vendor --no-obsolete
	DJANGO_DEBUG=1 $(BIN)/python manage.py compilemessages -l en --ignore=.venv

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
