# The two commands: `make run` (set up and serve) and `make test` (the whole suite).
SHELL := /bin/bash
PYTHON ?= python3
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py

.PHONY: run test lint bench bench-ceiling bench-rush deps locale serve clean help lock

help:
	@echo "make run   - install, migrate, load content, create admin, serve on http://127.0.0.1:$(PORT) with the mail worker"
	@echo "make test  - install test tools and run the whole test suite"
	@echo "make bench - measure throughput and latency on PostgreSQL and Redis (docs/performance.md)"
	@echo "make bench-ceiling - only warm pages against a constant HttpResponse (docs/performance.md)"
	@echo "make bench-rush - only the registration rush: 1,000 people, 200 clients, two instances (docs/performance.md)"
	@echo "make lock  - pin every package with hashes in requirements.lock and requirements-dev.lock"

# Python packages: exactly the versions and files in the lock (every one checked against its hash),
# reinstalled only when the lock changes.
$(VENV)/.installed: requirements-dev.lock
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements-dev.lock
	@touch $@

# The lock files, generated from the ranges in requirements*.txt: the newest release each range
# allows, with the hashes of its files. One command, the same result for the same registry;
# the dev lock is constrained by the runtime lock, so tests run what production installs.
LOCK_VENV := .venv-lock
PIP_COMPILE := CUSTOM_COMPILE_COMMAND="make lock" $(LOCK_VENV)/bin/pip-compile --quiet --upgrade \
	--generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links \
	--no-emit-trusted-host
lock:
	@test -x $(LOCK_VENV)/bin/pip-compile || { $(PYTHON) -m venv $(LOCK_VENV) && \
	  $(LOCK_VENV)/bin/pip install --quiet --disable-pip-version-check pip==26.3 pip-tools==7.6.2; }
	rm -f requirements.lock requirements-dev.lock
	$(PIP_COMPILE) --output-file requirements.lock requirements.txt
	$(PIP_COMPILE) --constraint requirements.lock --output-file requirements-dev.lock requirements-dev.txt

# npm packages (Det Fælles Designsystem): reinstalled only when the lock file changes.
# --ignore-scripts: vnu-jar's install script would fetch a Java runtime; make lint uses Debian's.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error --ignore-scripts
	@touch $@

# The admin's Danish (locale/da/LC_MESSAGES/*.po, see README.md): compiled with gettext's msgfmt
# (Debian's gettext, installed when missing)
# only when a .po file changed. The .mo files are build output and stay out of git.
LOCALE_MO := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/*.po))
locale/%.mo: locale/%.po
	@command -v msgfmt >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null)
	msgfmt --check -o $@ $<

locale: $(LOCALE_MO)

deps: $(VENV)/.installed node_modules/.installed $(LOCALE_MO)

# The web server and the background worker (queued mail, scheduled publishing every minute,
# reminders, purges: home/background.py) run side by side; Ctrl-C stops both.
# The site's address (SITE_URL) is this server's own: links in mails, feeds and the sitemap, and
# the Wagtail Site record that load_site_content updates, point here.
run: export SITE_URL = http://127.0.0.1:$(PORT)
run: deps
	$(MANAGE) migrate --noinput -v0
	$(MANAGE) load_site_content --demo
	$(MANAGE) ensure_admin --url $(SITE_URL)/admin/
	@$(MANAGE) worker & worker=$$!; \
	trap 'kill -TERM $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	echo "Baggrundsworkeren kører (pid $$worker): mails lægges i var/mail/, planlagte sider udgives hvert minut."; \
	$(MANAGE) runserver 127.0.0.1:$(PORT)

test: deps
	DJANGO_SETTINGS_MODULE=config.settings.test $(VENV)/bin/pytest

# Benchmark on PostgreSQL and Redis (127.0.0.1); installs Debian's wrk when missing.
bench: deps
	@command -v wrk >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null)
	$(PY) bench/run.py

# Only the warm pages against the Python ceiling (a constant HttpResponse under the same gunicorn).
bench-ceiling: deps
	@command -v wrk >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null)
	$(PY) bench/run.py --ceiling

# Only the registration rush (bench/rush.py): two instances, browser-like clients, the database counted.
bench-rush: deps
	$(PY) bench/run.py --rush

# The Nu Html Checker (npm vnu-jar, on Debian's Java) checks every page type, rendered by the
# site in tests/lint/, and the site's stylesheet; any error fails.
lint: deps
	$(PY) .ci/check_lock.py
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(MANAGE) makemigrations --check --dry-run
	@command -v java >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null)
	DJANGO_SETTINGS_MODULE=config.settings.test $(VENV)/bin/pytest -q -p no:cacheprovider -m nu_checker tests/lint

clean:
	rm -rf $(VENV) $(LOCK_VENV) node_modules staticfiles $(LOCALE_MO)
