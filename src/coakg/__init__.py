"""coakg: a chart-of-accounts knowledge graph for Chinese government budgets and final accounts."""

__version__ = "0.2.0"
