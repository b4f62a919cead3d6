"""A digital critical edition of works on Soviet collectivization."""
