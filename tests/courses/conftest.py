from tests.nominations import private_storage_dir  # noqa: F401
