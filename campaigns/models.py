"""Models of the campaigns app: subscribers, consent, campaigns and deliveries."""
