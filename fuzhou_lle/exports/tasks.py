"""Celery tasks of the exports: thin shims over the services."""

from celery import shared_task

from fuzhou_lle.exports import services


@shared_task
def export_run_task(job_pk):
    job = services.export_run(job_pk)
    return f"{job.state} {job.rows_total} rows" if job else "already taken"


@shared_task
def exports_tidy_task():
    tidied = services.exports_tidy()
    return f"requeued {tidied.requeued}, failed {tidied.failed}, removed {tidied.removed}"
