-- The conditions in the other order, the parameter still bound.
SELECT id, name FROM Users WHERE NOT (age < :min_age) AND is_active = 1;
