"""Models of the diaspora app: diaspora members, skills, associations, projects and needs."""
