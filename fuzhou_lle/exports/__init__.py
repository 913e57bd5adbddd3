"""Spreadsheet exports too big to build while the browser waits: the request queues a job, a Celery worker
writes the file with its progress recorded, and the job's page shows the progress and then the download.

An export is a function marked `@exporter`, called as `build(params, progress)` with JSON-able params; it
returns a `Spreadsheet`. `services.export_response` sends a small one at once and queues a big one."""
