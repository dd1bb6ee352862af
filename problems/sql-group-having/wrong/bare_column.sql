-- A column neither grouped nor aggregated: SQLite picks some row's value, PostgreSQL refuses.
SELECT d.dept_name, count(*) AS employees, avg(e.salary) AS avg_salary
FROM Departments d
JOIN Employees e ON e.dept_id = d.id
GROUP BY e.dept_id
HAVING count(*) >= 2;
