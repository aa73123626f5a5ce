## Staff: the enrolment export (/export and `python -m bot export enrolments`)

cmd-export = Export enrolments to Excel
export-caption = 📄 <b>Enrolment export</b>: { $count } { $count ->
        [one] application
       *[other] applications
    }, every status. An Excel workbook with filters in the header.
export-none = Nothing to export yet: there are no applications.

# the workbook's sheet
export-sheet = Applications

# the header row of the file
export-col-id = Application
export-col-child = Child
export-col-birth-date = Date of birth
export-col-school = School
export-col-grade = Grade
export-col-parent = Parent
export-col-phone = Parent's phone
export-col-quantum = Quantum
export-col-programme = Programme
export-col-group-code = Group code
export-col-group = Group
export-col-status = Status
export-col-reason = Reason
export-col-created = Submitted
export-col-updated = Last change

export-status = { $status ->
        [awaiting_consent] waiting for a parent's consent
        [applied] under review
        [navigator] waiting for the Navigator application
        [confirmed] confirmed
        [rejected] declined
        [waitlisted] waiting list
        [offered] offered a place
        [cancelled] cancelled
        [withdrawn] withdrawn after enrolment
       *[other] { $status }
    }
export-reason-offer-expired = the offer of a place was not answered in time
