-- The PostgreSQL default for DESC, written out: NULLs must come last here.
SELECT name, salary
FROM Employees
ORDER BY salary DESC NULLS FIRST;
