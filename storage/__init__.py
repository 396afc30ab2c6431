"""SQLModel models, the database engine, data-access functions and Alembic migrations."""
