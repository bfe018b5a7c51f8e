"""Awards: the policy catalogue, entitlements per event and state change, budgets and reforms."""
