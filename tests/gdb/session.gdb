break add_numbers
continue
info symbol $pc
print/x $x0
print/x $x1
info threads
stepi
info registers x0 pc
x/4gx &table
print $CurrentEL
print/x $SCTLR_EL1
print $v0.d.u[0]
print $fpcr
watch watched
continue
delete
continue
