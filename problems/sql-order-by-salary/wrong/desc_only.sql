-- NULLs last only where the engine happens to sort them last: SQLite, not PostgreSQL.
SELECT name, salary
FROM Employees
ORDER BY salary DESC;
