SELECT id, name FROM Users WHERE is_active = 1 AND age >= :min_age;
