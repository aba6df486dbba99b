"""Põe de volta na fila as tarefas presas como "em execução" (worker morto no meio) e as
que falharam por erro inesperado. Seguro para o cron: rodar de novo não duplica nada, e os
envios de e-mail têm guarda de "já enviado"."""

import logging
from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Reenfileira tarefas paradas há mais de N minutos e tarefas que falharam (até um limite de tentativas)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--parada-ha",
            type=int,
            default=15,
            help="minutos em execução a partir dos quais a tarefa é considerada presa (padrão: 15)",
        )
        parser.add_argument(
            "--max-execucoes",
            type=int,
            default=5,
            help="não reenfileira tarefas que já rodaram este número de vezes (padrão: 5)",
        )

    def handle(self, *args, parada_ha: int, max_execucoes: int, **options):
        limite = timezone.now() - timedelta(minutes=parada_ha)
        with transaction.atomic():
            candidatas = list(
                DBTaskResult.objects.filter(status__in=[TaskResultStatus.RUNNING, TaskResultStatus.FAILED])
                .exclude(status=TaskResultStatus.RUNNING, started_at__gte=limite)
                .select_for_update(skip_locked=True)
            )
            voltam = [t for t in candidatas if len(t.worker_ids) < max_execucoes]
            desistidas = [t for t in candidatas if len(t.worker_ids) >= max_execucoes]
            DBTaskResult.objects.filter(pk__in=[t.pk for t in voltam]).update(
                status=TaskResultStatus.READY,
                started_at=None,
                finished_at=None,
                exception_class_path="",
                traceback="",
            )
        for tarefa in voltam:
            logger.warning(
                "tarefa reenfileirada",
                extra={
                    "tarefa": str(tarefa.id),
                    "caminho": tarefa.task_path,
                    "status_anterior": tarefa.status,
                },
            )
        for tarefa in desistidas:
            logger.error(
                "tarefa não reenfileirada: execuções demais",
                extra={
                    "tarefa": str(tarefa.id),
                    "caminho": tarefa.task_path,
                    "execucoes": len(tarefa.worker_ids),
                },
            )
        self.stdout.write(f"{len(voltam)} tarefa(s) reenfileirada(s); {len(desistidas)} deixada(s) de lado.")
