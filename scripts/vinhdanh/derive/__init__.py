"""Pure views over the public model: listings, honour roll, campaign state, deadlines, eligibility, coverage."""
