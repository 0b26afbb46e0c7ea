"""Models of the research app: publications, indicators, dashboards and exports."""
