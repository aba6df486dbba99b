"""Ajudantes de banco compartilhados pelos apps (sem regra de negócio)."""

from django.db import IntegrityError


def violou_restricao(erro: IntegrityError, *, nome: str, tabela: str, colunas: tuple[str, ...]) -> bool:
    """Diz se a IntegrityError veio da restrição `nome` — e não de outra qualquer.

    PostgreSQL informa o nome da restrição; o SQLite só diz as colunas
    ("UNIQUE constraint failed: tabela.a, tabela.b"), então comparamos por elas.
    """
    causa = erro.__cause__
    diag = getattr(causa, "diag", None)
    if diag is not None:
        return diag.constraint_name == nome
    esperado = "UNIQUE constraint failed: " + ", ".join(f"{tabela}.{c}" for c in colunas)
    return str(erro).strip() == esperado
