"""Public legal services, list filters by area (registry, duty, mediation)."""
