package com.evhotline.staff;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One role a staff member holds. */
@Entity
@Table(name = "staff_role")
public class StaffRole {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "staff_id", nullable = false)
    public Long staffId;

    @Column(nullable = false, length = 16)
    public String role;

    public String role() {
        return role;
    }

    public static StaffRole of(Long staffId, String role) {
        StaffRole r = new StaffRole();
        r.staffId = staffId;
        r.role = role;
        return r;
    }
}
