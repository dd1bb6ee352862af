-- Forgets that the user must be active.
SELECT id, name FROM Users WHERE age >= :min_age;
