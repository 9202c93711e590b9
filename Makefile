# Two commands for a newcomer: `make run` and `make test`. Both bootstrap .venv.
PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
	&& echo $$p && break; done)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)
DEV := DEBUG=1

.PHONY: run test lint migrate seed demo serve lock messages clean

$(STAMP): requirements.lock pyproject.toml
	@test -n "$(PYTHON)" || { echo "Python 3.11 or newer is needed (python3.11, python3.12 …)."; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	rm -f $(VENV)/.installed-* && touch $@

run: $(STAMP)
	$(DEV) $(PY) manage.py migrate --noinput
	# The seed page names no edition date (no date in its file name, no masthead line); its
	# stories are datelined 1月16日 2023, and the paper prints the next morning.
	$(DEV) $(PY) manage.py import_seed --edition-date 2023-01-17
	$(DEV) $(PY) manage.py demo_accounts
	$(DEV) $(PY) manage.py demo_workflow
	$(DEV) $(PY) manage.py runserver 127.0.0.1:8000

test: $(STAMP) lint
	DJANGO_SETTINGS_MODULE=newsroom.test_settings $(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check .

# The production path on one machine: DEBUG off, static files from WhiteNoise, gunicorn.
# A SECRET_KEY from the environment wins; otherwise one is made once into .secret_key
# (git-ignored). Plain HTTP on loopback, so no redirect to HTTPS.
SERVE_ENV = SECRET_KEY="$${SECRET_KEY:-$$(cat .secret_key)}" SECURE_SSL_REDIRECT=0 \
	ALLOWED_HOSTS="$${ALLOWED_HOSTS:-127.0.0.1,localhost,[::1]}" SERVE_MEDIA=1 DEBUG=0
serve: $(STAMP)
	@test -n "$$SECRET_KEY" || test -s .secret_key || { umask 077; \
		$(PY) -c 'import secrets; print(secrets.token_urlsafe(50))' > .secret_key; }
	$(SERVE_ENV) $(PY) manage.py collectstatic --noinput --verbosity 0
	$(SERVE_ENV) $(PY) manage.py migrate --noinput
	$(SERVE_ENV) $(PY) manage.py check --deploy --fail-level ERROR
	$(SERVE_ENV) exec $(VENV)/bin/gunicorn -c newsroom/gunicorn.conf.py

# Regenerate the lock after changing dependencies in pyproject.toml.
lock:
	rm -rf /tmp/newsroom-lock && $(PYTHON) -m venv /tmp/newsroom-lock
	/tmp/newsroom-lock/bin/pip install --quiet --upgrade pip
	/tmp/newsroom-lock/bin/pip install --quiet ".[dev]"
	/tmp/newsroom-lock/bin/pip freeze --exclude newsroom | sort > requirements.lock

# Refresh the Chinese translations after changing user-visible text.
messages: $(STAMP)
	cd articles && $(DEV) ../$(PY) ../manage.py makemessages -l zh_Hans --no-obsolete
	cd articles && $(DEV) ../$(PY) ../manage.py compilemessages -l zh_Hans

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
