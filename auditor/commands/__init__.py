"""One module per command: parse nothing, load, call the core, write; return an exit code."""
