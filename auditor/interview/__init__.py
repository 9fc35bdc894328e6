"""The guided interview: walk a checklist's questions, record each answer, never lose one.

``session`` holds the state and the rules (pure, no I/O); ``screen`` turns a question into text;
``terminal`` reads lines and handles signals; ``store`` reads and writes the audit file;
``driver`` wires them into the loop that ``mlops-audit interview`` runs.
"""
