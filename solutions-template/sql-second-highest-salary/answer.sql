-- sql-second-highest-salary: one row, one column SecondHighestSalary (NULL when there is none).
-- Table: Employee(id, salary). One SELECT statement; SQLite.
SELECT max(salary) AS SecondHighestSalary
FROM Employee;
