"""Running the portal: health endpoints, request and job logs, scheduled jobs' heartbeats and leases,
backups, the committee's system page, and the production settings check."""
