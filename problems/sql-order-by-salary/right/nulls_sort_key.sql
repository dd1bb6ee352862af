-- A portable NULLs-last: sort on 'salary IS NULL' first (false before true on both engines).
SELECT name, salary FROM Employees ORDER BY salary IS NULL, salary DESC;
