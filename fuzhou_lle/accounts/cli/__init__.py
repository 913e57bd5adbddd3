"""Django's account commands, audited: an app of its own only so that it can be listed before
django.contrib.auth, whose commands it replaces (the first app listed wins a command's name)."""
