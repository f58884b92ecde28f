"""RVU Desk: a reference and calculator for the Medicare Physician Fee Schedule."""
