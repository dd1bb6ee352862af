SELECT name, salary
FROM Employees
ORDER BY salary;
