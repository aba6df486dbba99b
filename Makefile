# Ponto.School — Grupos de Estudo. `make run` e `make test` bastam num clone novo.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORTA ?= 8000

.PHONY: run serve test lint formatar migracoes-ok worker limpar bench bench-rapido

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "É preciso Python 3.11 ou mais novo (encontrado: " + sys.version.split()[0] + ").")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

$(VENV)/.instalado: requirements.txt | $(PY)
	$(PY) -m pip install -q -r requirements.txt
	@touch $@

$(VENV)/.instalado-dev: requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install -q -r requirements-dev.txt
	@touch $@ $(VENV)/.instalado

## run: prepara tudo, carrega a demonstração e serve em http://127.0.0.1:8000 (com o worker de e-mails)
run: $(VENV)/.instalado
	$(PY) manage.py migrate --noinput
	$(PY) manage.py carregar_demo
	@echo "Servindo em http://$(HOST):$(PORTA)/  (Ctrl+C para parar; e-mails aparecem neste terminal)"
	@trap 'kill 0' EXIT; \
	$(PY) manage.py db_worker --interval 1 --no-reload & \
	$(PY) manage.py runserver $(HOST):$(PORTA)

## serve: produção com gunicorn (exige DEBUG=false, SECRET_KEY, ALLOWED_HOSTS, SITE_URL, DATABASE_URL, REDIS_URL)
serve: $(VENV)/.instalado
	$(PY) manage.py check --deploy --fail-level WARNING
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput -v0
	$(VENV)/bin/gunicorn -c gunicorn.conf.py pontoschool.wsgi:application

## worker: só o worker da fila de tarefas (e-mails)
worker: $(VENV)/.instalado
	$(PY) manage.py db_worker --no-reload

## test: a suíte inteira; o que a máquina não suporta é pulado com o motivo
test: $(VENV)/.instalado-dev
	$(PY) -m pytest $(ARGS)

lint: $(VENV)/.instalado-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

formatar: $(VENV)/.instalado-dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

migracoes-ok: $(VENV)/.instalado-dev
	$(PY) manage.py makemigrations --check --dry-run

## bench: os benchmarks completos (PostgreSQL e Redis locais; ~3 min); imprime a tabela e grava JSON
bench: $(VENV)/.instalado-dev
	$(PY) -m bench.rodar

## bench-rapido: os mesmos benchmarks em tamanho mínimo (fumaça, roda no CI)
bench-rapido: $(VENV)/.instalado-dev
	$(PY) -m bench.rodar --rapido

limpar:
	rm -rf $(VENV) db.sqlite3 artefatos .pytest_cache
