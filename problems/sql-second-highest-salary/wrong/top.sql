-- SQL Server habit: SQLite has no TOP.
SELECT TOP 1 salary AS SecondHighestSalary FROM Employee
WHERE salary < (SELECT max(salary) FROM Employee)
ORDER BY salary DESC;
