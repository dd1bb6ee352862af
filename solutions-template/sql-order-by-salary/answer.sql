-- sql-order-by-salary: name and salary of every employee, highest salary first, NULL salaries last.
-- Table: Employees(id, name, salary). One SELECT statement; SQLite.
SELECT name, salary
FROM Employees
ORDER BY id;
