-- Drops the people without a manager.
SELECT e.name AS employee, m.name AS manager
FROM Employees e
JOIN Employees m ON m.id = e.manager_id;
