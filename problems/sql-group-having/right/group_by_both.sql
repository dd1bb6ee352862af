-- Grouped by id and name (what PostgreSQL would ask for without the primary key), counting ids.
SELECT d.dept_name, count(e.id) AS employees, avg(e.salary) AS avg_salary
FROM Departments d
JOIN Employees e ON e.dept_id = d.id
GROUP BY d.id, d.dept_name
HAVING count(e.id) > 1;
