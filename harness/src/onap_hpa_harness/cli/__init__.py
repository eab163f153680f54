"""``onap-hpa`` subcommands of the harness (entry points in group ``onap.hpa.commands``)."""
