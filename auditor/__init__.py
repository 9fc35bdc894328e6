"""mlops-audit: score how mature a company's production machine-learning culture is.

Data flows one way: checklist YAML + audit YAML -> ``loading`` -> ``scoring`` (pure) -> ``render``.
"""

__version__ = "0.1.0"
