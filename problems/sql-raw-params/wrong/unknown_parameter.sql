-- A placeholder the application does not bind.
SELECT id, name FROM Users WHERE is_active = 1 AND age >= :age;
