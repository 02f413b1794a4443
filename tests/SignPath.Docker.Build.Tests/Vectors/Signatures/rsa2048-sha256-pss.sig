tc§ÊvŽúF	´o‡ÕÿQðoF¬Aéû
+ýY½ÒÅ%y-Xb éËa}¢š¿èÍTT
e°Ô³»QfF€BHAè‰K¿,óLpX;¹qökåÒÍ¯¢'qV²bòB"Rr€!ÈDÐ6ClkÚ^fþíO¡ÔK #akó/‰6(~ôEIKÎ/¸¡Kâµˆ>–u‚rõMU„îziöwE‡t¬î4"èG3lW¡¤KV·ùËþœ€e	±£ÈÊX­ Rë$‚öGópÛy¿Ôú!{óZºim	2çâ’IÏJ_f”>o=	ö\D,ÖS©Â:)_ýv62…þ