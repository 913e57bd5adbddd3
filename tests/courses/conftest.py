from tests.nominations import fast_password_hashing, private_storage_dir  # noqa: F401
