"""Public legal services, selectors by area: registry (firms, lawyers, contracts, advisers,
consultations, WeChat groups), duty (shifts, suspensions, appointments), mediation."""
